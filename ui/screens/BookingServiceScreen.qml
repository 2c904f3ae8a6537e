import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// Booking, step 1: what the appointment is for. A service the case already holds is shown
// but cannot be chosen again (one booking per case and service): move it instead.
BookingPage {
    id: page
    title: qsTr("What is your appointment for?")
    step: 1

    GridLayout {
        objectName: "booking_services"
        Layout.fillWidth: true
        columns: 2
        columnSpacing: Theme.spacing
        rowSpacing: Math.round(Theme.spacing / 2)
        Repeater {
            model: page.bookingVm.services
            delegate: ChoiceTile {
                required property var modelData
                objectName: "service_" + modelData.code
                Layout.fillWidth: true
                Layout.preferredWidth: 100  // equal columns
                Layout.fillHeight: true
                enabled: !modelData.booked
                label: modelData.name
                note: modelData.note
                onChosen: page.bookingVm.chooseService(modelData.code)
            }
        }
    }
}
