import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// The booked appointment: when and where, whether it was booked offline (final all the same),
// a code for staff, and printing with the checklist's fallback (photograph the screen).
BookingPage {
    id: page
    readonly property QtObject vm: page.bookingVm.booked
    title: vm.photoMode ? qsTr("Take a photo of this screen")
                        : page.moving ? qsTr("Your appointment is moved")
                                      : qsTr("Your appointment is booked")

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacing
        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            spacing: Math.round(Theme.spacing / 2)
            BodyText {
                objectName: "booked_date"
                Layout.fillWidth: true
                text: page.vm.date
                font.pixelSize: Theme.heading
                font.weight: Font.Bold
            }
            BodyText {
                objectName: "booked_time"
                Layout.fillWidth: true
                text: page.vm.time
                font.pixelSize: Theme.display
                font.weight: Font.Bold
                color: Theme.primary
            }
            BodyText {
                objectName: "booked_service"
                Layout.fillWidth: true
                text: page.vm.service
            }
            BodyText {
                Layout.fillWidth: true
                text: page.vm.officeName
                color: Theme.textMuted
            }
        }
        QrCard {
            objectName: "qr_card"
            Layout.alignment: Qt.AlignTop
            source: page.vm.qrSource
            reference: page.vm.reference
            side: Math.round((page.vm.photoMode ? 320 : 240) * Theme.scale)
        }
    }

    Rectangle {
        objectName: "booked_offline_box"
        visible: page.vm.offline
        Layout.fillWidth: true
        Layout.preferredHeight: offlineText.implicitHeight + 2 * Theme.spacing
        radius: Theme.radius
        color: Theme.surface
        border.width: 3
        border.color: Theme.toneGood
        BodyText {
            id: offlineText
            objectName: "booked_offline"
            anchors.fill: parent
            anchors.margins: Theme.spacing
            text: qsTr("Booked at this kiosk. It is final and will reach the office automatically.")
            font.weight: Font.DemiBold
        }
    }

    Rectangle {
        objectName: "booking_print_message_box"
        visible: page.vm.printMessage !== ""
        Layout.fillWidth: true
        Layout.preferredHeight: printMessage.implicitHeight + 2 * Theme.spacing
        radius: Theme.radius
        color: page.vm.printFailed ? Theme.errorBackground : Theme.surface
        border.width: 3
        border.color: page.vm.printFailed ? Theme.errorText : Theme.toneGood
        BodyText {
            id: printMessage
            objectName: "booking_print_message"
            anchors.fill: parent
            anchors.margins: Theme.spacing
            text: page.vm.printMessage
            color: page.vm.printFailed ? Theme.errorText : Theme.text
            font.weight: Font.DemiBold
        }
    }

    BodyText {
        objectName: "booking_photo_hint"
        visible: page.vm.photoMode
        Layout.fillWidth: true
        text: qsTr("Photograph the whole screen, code included. Staff scan the code at the counter.")
    }

    BringList {
        Layout.fillWidth: true
        stillMissing: page.vm.bringMissing
        always: page.vm.bringAlways
    }

    // Printing and the way back stay in view, whatever the list above holds.
    actions: [
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            BigButton {
                objectName: "booking_print"
                Layout.fillWidth: true
                Layout.preferredWidth: 100
                primary: true
                enabled: !page.vm.printing
                text: page.vm.printFailed ? qsTr("Try printing again") : qsTr("Print")
                onClicked: page.vm.print()
            }
            BigButton {
                objectName: "booking_show_for_photo"
                visible: !page.vm.photoMode
                Layout.fillWidth: true
                Layout.preferredWidth: 100
                text: qsTr("Show for a photo")
                onClicked: page.vm.showForPhoto()
            }
        },
        BigButton {
            objectName: "booking_finish"
            Layout.fillWidth: true
            text: qsTr("Back to my status")
            onClicked: page.bookingVm.finish()
        }
    ]

    // The code must be in view when the resident is asked to photograph it.
    Connections {
        target: page.vm
        function onPrintChanged() { if (page.vm.photoMode) page.flickable.contentY = 0 }
    }
}
