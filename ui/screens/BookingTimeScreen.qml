import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// Booking, step 3: the free times of the chosen day.
BookingPage {
    id: page
    title: qsTr("Choose a time")
    subtitle: page.bookingVm.serviceName !== ""
              ? page.bookingVm.serviceName + " · " + page.bookingVm.dayText
              : page.bookingVm.dayText
    step: 3

    BodyText {
        objectName: "no_free_times"
        visible: page.bookingVm.times.length === 0
        Layout.fillWidth: true
        text: qsTr("There are no free times left on this day.")
        color: Theme.errorText
        font.weight: Font.DemiBold
    }
    BigButton {
        visible: page.bookingVm.times.length === 0
        Layout.fillWidth: true
        text: qsTr("Choose another day")
        onClicked: page.bookingVm.back()
    }

    GridLayout {
        objectName: "booking_times"
        Layout.fillWidth: true
        columns: Math.max(3, Math.floor(width / (250 * Theme.scale)))
        columnSpacing: Math.round(Theme.spacing / 2)
        rowSpacing: Math.round(Theme.spacing / 2)
        Repeater {
            model: page.bookingVm.times
            delegate: BigButton {
                required property var modelData
                required property int index
                objectName: "time_" + index
                Layout.fillWidth: true
                Layout.preferredWidth: 100
                text: modelData.label
                accessibleName: modelData.accessibleName
                pixelSize: Theme.heading
                onClicked: page.bookingVm.chooseTime(modelData.slotId)
            }
        }
    }
}
